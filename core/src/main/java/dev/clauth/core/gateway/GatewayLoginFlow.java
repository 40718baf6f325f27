package dev.clauth.core.gateway;

import dev.clauth.core.ClauthException;
import dev.clauth.core.login.BrowserOpener;
import dev.clauth.core.login.DeviceLoginFlow;
import dev.clauth.core.login.LoginOptions;
import dev.clauth.core.oauth.TokenGrant;
import dev.clauth.core.store.CredentialStore;
import dev.clauth.core.store.GatewayLogin;
import dev.clauth.core.world.World;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * {@code clauth auth login --gateway URL}: signs in to a Claude Code gateway as the reference does. The URL
 * must be https (http only on loopback); on first contact the leaf certificate's SHA-256 is shown and the
 * user asked to trust it (default no), a changed one is shown with the reference's warning; then the device
 * flow (the browser opened on the page that already holds the code), the returned {@code email} confirmed
 * before anything is stored (or matched against {@code --email}), and the sign-in stored as
 * {@code enterpriseGateway} with the host's pin in {@code gatewayTrust}. Tokens of a sign-in that is
 * abandoned after the gateway issued them are revoked.
 */
public final class GatewayLoginFlow {

    public static final String FIRST_CONTACT = "You haven't connected to this gateway before. Once trusted, it can push"
            + " settings to this machine that execute commands and change your environment. Only continue if this is your"
            + " organization's gateway.";
    public static final String CHANGED = "The TLS certificate for this gateway has changed since you last connected."
            + " Only continue if your administrator has confirmed a certificate rotation.";
    public static final String FINGERPRINT = "Certificate fingerprint (SHA-256):";
    public static final String TRUST_QUESTION = "Trust this gateway? [y/N] ";
    public static final String PLAIN_HTTP = "Plain HTTP on this machine's loopback (development): no certificate to check.";
    public static final String CONFIRM_CODE = "A browser window should have opened. After signing in with your identity"
            + " provider, confirm this code on the verification page:";
    public static final String BROWSER_DIDNT_OPEN = "Browser didn't open? Visit:";
    public static final String CONFIRM_ACCOUNT = "Continue only if this is your account; that organization's settings will"
            + " then apply to this machine. Otherwise answer no: nothing is saved, and you can sign in again.";
    public static final String ACCOUNT_QUESTION = "Continue? [y/N] ";
    public static final Duration SLOW_DOWN_STEP = Duration.ofSeconds(5);

    private final World world;
    private final CredentialStore store;

    public GatewayLoginFlow(World world, CredentialStore store) {
        this.world = world;
        this.store = store;
    }

    public GatewayLogin run(LoginOptions options) {
        GatewayAddress gateway = GatewayAddress.parse(options.gateway().orElseThrow());
        PrintStream out = world.out();
        try (Answers answers = Answers.of(world)) {
            String pin = trust(gateway, answers);
            Optional<SSLContext> tls = gateway.https() ? Optional.of(GatewayTls.from(world).pinned(gateway.host(), pin))
                    : Optional.empty();
            GatewayClient client = GatewayClient.of(gateway, tls);
            GatewayClient.Endpoints endpoints = client.discover();
            GatewayClient.Device device = client.startDevice(endpoints.deviceAuthorization());
            if (!options.noBrowser()) {
                new BrowserOpener(world).open(device.browserUri());
            }
            out.println(CONFIRM_CODE);
            out.println();
            out.println("  " + device.userCode());
            out.println();
            device.loginNotice().ifPresent(notice -> {
                out.println(notice);
                out.println();
            });
            out.println(BROWSER_DIDNT_OPEN);
            out.println(device.browserUri());
            out.println("Waiting for you to sign in… (the code expires in " + DeviceLoginFlow.minutes(device.lifetime()) + ")");
            out.flush();
            TokenGrant grant = poll(client, endpoints, device, gateway);
            GatewayLogin login = new GatewayLogin(gateway.toString(), grant.accessToken(),
                    world.now().toEpochMilli() + grant.expiresInSeconds() * 1000, endpoints.token().toString(),
                    endpoints.revocation().map(Object::toString).orElse(null), grant.refreshToken().orElse(null),
                    grant.emailAddress().orElse(null), false, null);
            try {
                confirmAccount(login, options, answers);
                store.saveNewGateway(login, gateway.host(), pin, world.now()).ifPresent(aside -> out.println(
                        "The unreadable " + store.where() + " was moved aside to " + aside + "."));
                store.warning().ifPresent(world.err()::println);
            } catch (RuntimeException e) {
                endpoints.revocation().ifPresent(uri -> client.revoke(uri, login.jwt(), login.idpRefreshToken()));
                throw e;
            }
            out.println("Login successful.");
            out.println("Signed in to the gateway " + gateway + (login.email() == null ? "" : " as " + login.email()) + ".");
            return login;
        }
    }

    /**
     * The pin for this gateway: the trusted leaf's SHA-256, asked for when it is new or changed. Plain http on
     * loopback has no certificate, but is trusted the same way once ({@code http-loopback}), as the reference
     * does: a trusted gateway can push settings to this machine.
     */
    private String trust(GatewayAddress gateway, Answers answers) {
        String presented = gateway.https() ? GatewayTls.from(world).fingerprintOf(gateway) : GatewayAddress.HTTP_LOOPBACK;
        Optional<String> pinned = store.pin(gateway.host());
        if (pinned.isPresent() && pinned.get().equals(presented)) {
            return presented;
        }
        PrintStream out = world.out();
        out.println(pinned.isEmpty() ? FIRST_CONTACT : CHANGED);
        out.println(gateway.https() ? FINGERPRINT + " " + GatewayTls.colons(presented) : PLAIN_HTTP);
        if (!answers.yes(TRUST_QUESTION)) {
            throw new ClauthException(pinned.isEmpty()
                    ? "The gateway " + gateway.host() + " was not trusted, so nothing was sent or saved; check its address"
                            + (gateway.https() ? " and certificate fingerprint" : "") + " with your administrator and run"
                            + " clauth auth login --gateway " + gateway + " again"
                    : gateway.https() ? GatewayTls.changedCertificate(gateway.host(), presented)
                            : "The gateway " + gateway.host() + " was trusted over https before and now answers plain http;"
                                    + " nothing was sent. Check with your administrator");
        }
        store.trust(gateway.host(), presented);
        return presented;
    }

    private void confirmAccount(GatewayLogin login, LoginOptions options, Answers answers) {
        if (login.email() == null) {
            return;
        }
        PrintStream out = world.out();
        if (options.email().isPresent()) {
            if (options.email().get().strip().toLowerCase(Locale.ROOT).equals(login.email().toLowerCase(Locale.ROOT))) {
                return;
            }
            throw new ClauthException("The gateway signed you in as " + login.email() + ", not " + options.email().get().strip()
                    + "; nothing was saved. Sign in with that account, or run clauth auth login --gateway " + login.url()
                    + " without --email");
        }
        out.println("Signed in as " + login.email() + ".");
        out.println(CONFIRM_ACCOUNT);
        if (!answers.yes(ACCOUNT_QUESTION)) {
            throw new ClauthException("Sign-in as " + login.email() + " not confirmed, so nothing was saved; run clauth auth"
                    + " login --gateway " + login.url() + " to sign in with your own account");
        }
    }

    private TokenGrant poll(GatewayClient client, GatewayClient.Endpoints endpoints, GatewayClient.Device device,
            GatewayAddress gateway) {
        Instant expires = world.now().plus(device.lifetime());
        Duration interval = device.interval();
        while (true) {
            if (!world.now().plus(interval).isBefore(expires.plusSeconds(1))) {
                throw new ClauthException("Sign-in timed out before the browser flow completed; run clauth auth login"
                        + " --gateway " + gateway + " again");
            }
            try {
                world.sleep(interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClauthException("Login interrupted");
            }
            GatewayClient.Poll answer = client.poll(endpoints.token(), device.deviceCode());
            if (answer instanceof GatewayClient.Poll.Granted granted) {
                return granted.grant();
            }
            if (((GatewayClient.Poll.Pending) answer).slowDown()) {
                interval = interval.plus(SLOW_DOWN_STEP);
            }
        }
    }
}
