package dev.pairlock.datasync;

/**
 * The CMM's user-script sync flag ({@code cmmset -d syncuserscripts}): whether an item is synced,
 * depending on the firmware versions of the two SCs. Read from the MAIN's side: "upgrade" syncs only
 * when the SPARE runs a newer firmware than the MAIN, "downgrade" only when it runs an older one.
 */
public enum SyncFlag {
    /** Sync only when both SCs run the same firmware version. */
    EQUAL,
    /** Sync only when the SPARE's firmware is newer than the MAIN's. */
    UPGRADE,
    /** Sync only when the SPARE's firmware is older than the MAIN's. */
    DOWNGRADE,
    /** Sync whatever the versions. */
    ALWAYS;

    /** Whether to sync, for a MAIN running {@code mainVersion} and a SPARE running {@code spareVersion}. */
    public boolean allows(String mainVersion, String spareVersion) {
        int spareVsMain = FirmwareVersion.compare(spareVersion, mainVersion);
        return switch (this) {
            case EQUAL -> spareVsMain == 0;
            case UPGRADE -> spareVsMain > 0;
            case DOWNGRADE -> spareVsMain < 0;
            case ALWAYS -> true;
        };
    }

    /** Why an item is not synced, for the status sensor ("flag upgrade: the SPARE's 1.2 is not newer than the MAIN's 1.3"). */
    public String refusal(String mainVersion, String spareVersion) {
        String versions = "the SPARE's firmware " + spareVersion + " is ";
        return "flag " + name().toLowerCase(java.util.Locale.ROOT) + ": " + versions + switch (this) {
            case EQUAL -> "not the MAIN's " + mainVersion;
            case UPGRADE -> "not newer than the MAIN's " + mainVersion;
            case DOWNGRADE -> "not older than the MAIN's " + mainVersion;
            case ALWAYS -> "irrelevant";
        };
    }
}
