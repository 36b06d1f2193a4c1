package dev.pairlock.packaging;

import dev.pairlock.scctl.Scctl;
import java.io.File;
import java.io.IOException;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Writes one AsciiDoc man page per scctl command ({@code scctl.adoc}, {@code scctl-i2c-get.adoc}, ...)
 * with picocli-codegen, from the whole command tree (scctl builds only the part a call needs, so the
 * annotated root alone would describe no sub-commands). The build turns them into troff.
 */
public final class ManPages {
    private ManPages() {
    }

    public static void main(String[] args) throws IOException {
        File out = new File(args[0]);
        int rc = ManPageGenerator.generateManPage(out, null, new boolean[0], true,
                Scctl.newCommandLine(new Scctl()).getCommandSpec());
        if (rc != 0) {
            throw new IOException("picocli-codegen ManPageGenerator failed (" + rc + ") writing " + out);
        }
    }
}
