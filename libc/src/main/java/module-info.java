/**
 * The small Linux libc binding the real backends share. Callers on the module path need
 * {@code --enable-native-access=dev.pairlock.libc}.
 */
module dev.pairlock.libc {
    exports dev.pairlock.libc;
}
