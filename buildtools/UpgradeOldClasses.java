import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Build step, run by scctl-cli's and daemon's poms after the shade (a source-file program on the
 * build's JDK):
 * rewrites the classes under a package prefix in a jar from class file versions below 50 to
 * version 52, with their code re-emitted so that it carries stack maps.
 *
 * <p>Why: picocli ships Java 5 class files (version 49). The JDK's AOT cache, which makes a warm
 * {@code scctl} start fast, cannot hold such "old" classes (the dump says "Skipping picocli/...: Old
 * class has been linked"), so every call loaded and verified ~170 picocli classes from the jar:
 * about 30 ms of a 170 ms start on a 2-core machine. Re-emitted as version 52 they are archived like
 * the rest. The daemon's shaded jar gets the same, for the dynamic CDS archive kernel-it makes for
 * its daemons (which skips old classes too) and any archive a deployment makes. Only the version
 * and the stack maps change; the instructions are the same ones (the JDK's ClassFile API re-emits
 * each method's code and computes its frames).
 *
 * <p>Usage: {@code java UpgradeOldClasses.java JAR PREFIX} — rewrites JAR in place (through a
 * temporary file beside it, so a failure leaves the jar as it was) and prints how many classes it
 * upgraded. Exit 1 with the class named when one cannot be rewritten.
 */
public final class UpgradeOldClasses {
    private static final int OLD_BELOW = 50;
    private static final int TARGET = 52;

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java UpgradeOldClasses.java JAR PREFIX (e.g. target/scctl.jar picocli/)");
            System.exit(2);
        }
        Path jar = Path.of(args[0]);
        String prefix = args[1];
        Map<String, byte[]> entries = new LinkedHashMap<>();
        Map<String, Long> times = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                entries.put(e.getName(), in.readAllBytes());
                times.put(e.getName(), e.getTime());
            }
        }
        // frames need the class hierarchy: the jar's own classes first, then the JDK's
        ClassHierarchyResolver fromJar = ClassHierarchyResolver.ofResourceParsing(desc -> {
            String d = desc.descriptorString();
            byte[] b = entries.get(d.substring(1, d.length() - 1) + ".class");
            return b == null ? null : new ByteArrayInputStream(b);
        });
        ClassFile cf = ClassFile.of(ClassFile.StackMapsOption.GENERATE_STACK_MAPS,
                ClassFile.ClassHierarchyResolverOption.of(fromJar.orElse(ClassHierarchyResolver.defaultResolver())));
        ClassTransform upgrade = ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)
                .andThen(ClassTransform.endHandler(b -> b.withVersion(TARGET, 0)));
        int upgraded = 0;
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            if (!e.getKey().startsWith(prefix) || !e.getKey().endsWith(".class")) {
                continue;
            }
            ClassModel m = cf.parse(e.getValue());
            if (m.majorVersion() >= OLD_BELOW) {
                continue;
            }
            try {
                e.setValue(cf.transformClass(m, upgrade));
            } catch (RuntimeException ex) {
                System.err.println("UpgradeOldClasses: " + jar + ": " + e.getKey() + " could not be rewritten: " + ex);
                System.exit(1);
            }
            upgraded++;
        }
        Path tmp = Files.createTempFile(jar.toAbsolutePath().getParent(), jar.getFileName().toString(), ".tmp");
        try (OutputStream os = Files.newOutputStream(tmp); ZipOutputStream out = new ZipOutputStream(os)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry o = new ZipEntry(e.getKey());
                o.setTime(times.get(e.getKey()));
                out.putNextEntry(o);
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("UpgradeOldClasses: " + jar + ": " + upgraded + " classes under " + prefix
                + " rewritten to class file version " + TARGET + " (for the AOT cache)");
    }
}
