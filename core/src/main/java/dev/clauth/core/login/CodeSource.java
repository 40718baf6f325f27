package dev.clauth.core.login;

import java.net.URI;

/** An authorization code and the redirect URI it was issued for (the exchange must name the same). */
record CodeSource(String code, URI redirectUri, boolean fromCallback) {

    @Override
    public String toString() {
        return "CodeSource[" + redirectUri + "]";
    }
}
