package dev.pairlock.bench;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/** JNA's common binding style, interface mapping (a proxy per call); the same {@code ioctl} as {@link JnaDirectLibc}. */
public interface JnaLibc extends Library {
    JnaLibc C = Native.load("c", JnaLibc.class);

    int ioctl(int fd, long request, Pointer arg) throws LastErrorException;
}
