package io.quorate.membership;

import io.quorate.core.Outbox;

/** Told synchronously, inside the same step, whenever the membership core installs a view. */
@FunctionalInterface
public interface ViewListener {
    void onViewInstalled(View view, long now, Outbox out);
}
