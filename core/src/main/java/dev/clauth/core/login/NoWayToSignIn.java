package dev.clauth.core.login;

/**
 * What to say when a browser login cannot work here: no browser to open and no terminal to paste a
 * code into (a container, CI, a pipe). A few lines with the ways that do work, tailored to SSH and WSL.
 */
final class NoWayToSignIn {

    private NoWayToSignIn() {
    }

    static String explain(Platform platform, LoginOptions options) {
        StringBuilder text = new StringBuilder(options.noBrowser()
                ? "Cannot sign in here: --no-browser was given and there is no terminal to paste a code into."
                : "Cannot sign in here: there is no browser to open and no terminal to paste a code into.");
        text.append("\nSign in another way:")
                .append("\n  clauth auth login --device   sign in on any device with a browser, by typing a short code")
                .append("\n  clauth setup-token           on a machine with a browser; then set CLAUDE_CODE_OAUTH_TOKEN here")
                .append("\n  ANTHROPIC_API_KEY            set an API key in the environment instead of logging in");
        if (platform.ssh()) {
            text.append("\nOver SSH: run the login in a terminal (ssh -t), or fix the callback port with")
                    .append(" --port N and forward it: ssh -L N:127.0.0.1:N");
        } else if (platform.wsl()) {
            text.append("\nOn WSL: install wslu (for wslview) or set BROWSER, and run the login in a terminal");
        }
        return text.toString();
    }
}
