package dev.pairlock.scctl;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import picocli.CommandLine;

/** One scctl invocation with captured output, as the tests see it. */
record Run(int code, String out, String err) {
    static Run scctl(String... args) {
        return withInput(null, args);
    }

    /** {@code input} null means no stdin at all (EOF at once); no terminal, as under a script. */
    static Run withInput(String input, String... args) {
        return at(false, input, args);
    }

    /** {@code interactive}: whether scctl sees a person at a terminal (the prompt of events clear asks only then). */
    static Run at(boolean interactive, String input, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        BufferedReader in = new BufferedReader(new StringReader(input == null ? "" : input)); // one stdin per call
        Scctl root = new Scctl().withStdin(() -> in).withInteractive(() -> interactive);
        CommandLine cl = Scctl.newCommandLine(root, args);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
    }
}
