package io.quorate.tls;

/** Status and body of one HTTP exchange; non-2xx statuses are answers too, not exceptions. */
public record ApiResponse(int status, String body) {

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }
}
