package io.quorate.runtime;

/** Version strings of this build. */
public final class Versions {
    private Versions() {
    }

    public static String software() {
        String version = Versions.class.getPackage().getImplementationVersion();
        return version == null ? "0.1.0-dev" : version;
    }
}
