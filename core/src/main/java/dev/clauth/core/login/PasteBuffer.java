package dev.clauth.core.login;

import dev.clauth.core.login.PastedCode.Reading;
import dev.clauth.core.oauth.IssuerCheck;
import java.util.Optional;

/**
 * Puts pasted lines back together: a code or address wrapped over several lines arrives as several
 * lines in quick succession, so a line that could be the start of one is held until the next line (or a
 * short pause) says whether it goes on. Text that cannot start a code (spaces, other characters) is
 * never held, so it never spoils the code pasted after it.
 */
final class PasteBuffer {

    private final String expectedState;
    private final IssuerCheck issuerCheck;
    private String pending = "";

    PasteBuffer(String expectedState) {
        this(expectedState, IssuerCheck.NONE);
    }

    PasteBuffer(String expectedState, IssuerCheck issuerCheck) {
        this.expectedState = expectedState;
        this.issuerCheck = issuerCheck;
    }

    /** The reading to act on, or empty while the text so far may go on in the next line. */
    Optional<Reading> add(String line) {
        Reading alone = PastedCode.read(line, expectedState, issuerCheck);
        if (!pending.isEmpty()) {
            Reading joined = PastedCode.read(pending + "\n" + line, expectedState, issuerCheck);
            if (joined instanceof Reading.Code || (joined instanceof Reading.Incomplete && !(alone instanceof Reading.Code))) {
                return settle(joined, pending + "\n" + line);
            }
            if (joined instanceof Reading.WrongState && !(alone instanceof Reading.Code)) {
                return settle(joined, "");
            }
        }
        return settle(alone, line);
    }

    private Optional<Reading> settle(Reading reading, String text) {
        if (reading instanceof Reading.Incomplete) {
            pending = text;
            return Optional.empty();
        }
        pending = "";
        return Optional.of(reading);
    }

    /** True while a line is held, waiting for its continuation. */
    boolean waiting() {
        return !pending.isEmpty();
    }

    /** No continuation came: the held text is what it is (a code cut short). */
    Reading flush() {
        pending = "";
        return new Reading.Incomplete();
    }
}
