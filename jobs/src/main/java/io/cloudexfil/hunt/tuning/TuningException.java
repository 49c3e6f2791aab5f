package io.cloudexfil.hunt.tuning;

/** A tuning file that cannot be used: the message names the file and the line. */
public final class TuningException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public TuningException(String message) {
        super(message);
    }
}
