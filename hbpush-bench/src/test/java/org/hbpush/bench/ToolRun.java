package org.hbpush.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One run of the tool's entry point, with what it printed. */
final class ToolRun {
    private final int status;
    private final String out;
    private final String err;

    ToolRun(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        this.status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        this.out = out.toString(StandardCharsets.UTF_8);
        this.err = err.toString(StandardCharsets.UTF_8);
    }

    int status() {
        return status;
    }

    String out() {
        return out;
    }

    String err() {
        return err;
    }

    /** The RESULT line: the only line on standard output. */
    String result() {
        assertThat(out.lines()).as("standard output is exactly one RESULT line").hasSize(1);
        assertThat(out).startsWith("RESULT ");
        return out.strip();
    }

    @Override
    public String toString() {
        return "exit " + status + "\nstdout: " + out + "stderr: " + err;
    }
}
