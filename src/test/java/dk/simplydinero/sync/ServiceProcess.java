package dk.simplydinero.sync;

import dk.simplydinero.SimplyDineroSyncApplication;
import dk.simplydinero.api.ApiClient;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.jar.JarFile;

import static org.awaitility.Awaitility.await;

/**
 * The service in a child JVM, started as an operator would ({@code java -cp … SimplyDineroSyncApplication --key=value}),
 * so a test can kill the whole process (SIGKILL: no shutdown hook, no context close, nothing flushed) and not just
 * close a Spring context. Its output goes to a file under {@code target/} to diagnose a failure.
 */
public final class ServiceProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path output;
    private final Thread reaper;

    private ServiceProcess(Process process, int port, Path output) {
        this.process = process;
        this.port = port;
        this.output = output;
        // Should the test JVM itself die, the child must not outlive it.
        this.reaper = new Thread(process::destroyForcibly, "kill-" + output.getFileName());
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Starts the service on these simulators and database and waits until {@code GET /api/status} answers. */
    static ServiceProcess start(SimulatedSides sides, String name, String... extraArguments) {
        return start(List.of("-Xmx512m"), port -> {
            List<String> arguments = sides.serviceArguments(port);
            arguments.addAll(List.of(extraArguments));
            return arguments;
        }, Path.of("target", "crash-test", name + ".log"));
    }

    /**
     * Starts the service with these JVM options (a benchmark's heap limit and GC log) and the command line
     * {@code arguments} gives for its port, its output in {@code output}; waits until {@code GET /api/status} answers.
     */
    public static ServiceProcess start(List<String> jvmOptions, IntFunction<List<String>> arguments, Path output) {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", testClassPath(), SimplyDineroSyncApplication.class.getName()));
        command.addAll(arguments.apply(port));
        try {
            Files.createDirectories(output.getParent());
            // Surefire runs tests from the repository root, where routes/ and application.properties are.
            Process process = new ProcessBuilder(command).directory(new File(System.getProperty("user.dir")))
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            ServiceProcess service = new ServiceProcess(process, port, output);
            service.awaitUp();
            return service;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ApiClient api() {
        return new ApiClient(port, "admin", SimulatedSides.API_PASSWORD);
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL, then waits until the process is gone; returns its exit code (137 on Linux). */
    int kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("service process " + process.pid() + " still alive 30 s after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return process.exitValue();
    }

    /** The last lines of the service's output, for a failure message. */
    public String outputTail() {
        try {
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(no output: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already exiting: the hook runs anyway.
        }
    }

    private void awaitUp() {
        ApiClient api = api();
        try {
            // A cold Spring Boot + Camel start on a busy 2-core machine can take a while.
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("exited with " + process.exitValue());
                        }
                        // Our child's own word that it holds the port first: a port found free can be taken by
                        // another program meanwhile (other test JVMs on the machine), whose answers are not ours.
                        return startedOnOurPort() && api.get("/api/status").status() == 200;
                    });
        } catch (RuntimeException | Error e) {
            String tail = outputTail();
            close();
            throw new AssertionError("the service in a child JVM did not come up (" + output + "):\n" + tail, e);
        }
    }

    private boolean startedOnOurPort() throws IOException {
        String started = "Tomcat started on port " + port + " ";
        try (var lines = Files.lines(output, StandardCharsets.UTF_8)) {
            return lines.anyMatch(line -> line.contains(started));
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The test JVM's class path. Surefire puts the real one in {@code java.class.path}; should it ever be only its
     * manifest-only booter jar, the real entries are in that jar's {@code Class-Path}.
     */
    static String testClassPath() {
        String classPath = System.getProperty("java.class.path");
        String[] entries = classPath.split(File.pathSeparator);
        if (entries.length == 1 && entries[0].endsWith(".jar") && new File(entries[0]).getName().startsWith("surefirebooter")) {
            try (JarFile jar = new JarFile(entries[0])) {
                List<String> real = new ArrayList<>();
                for (String url : jar.getManifest().getMainAttributes().getValue("Class-Path").split(" ")) {
                    if (!url.isBlank()) {
                        real.add(new File(URI.create(url)).getPath());
                    }
                }
                return String.join(File.pathSeparator, real);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return classPath;
    }
}
