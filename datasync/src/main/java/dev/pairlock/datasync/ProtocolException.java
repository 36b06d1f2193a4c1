package dev.pairlock.datasync;

import java.io.IOException;

/**
 * The other SC sent something this version cannot accept (a malformed, out-of-order or forged
 * record, a failed handshake). The session is dropped; the sender reconnects and resumes.
 */
class ProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    ProtocolException(String message) {
        super(message);
    }

    ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
