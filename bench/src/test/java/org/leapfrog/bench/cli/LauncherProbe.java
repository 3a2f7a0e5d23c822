package org.leapfrog.bench.cli;

/**
 * A stand-in main class for {@link LauncherScriptTest}: writes known lines to stdout and stderr (an unfinished
 * progress-bar line included) and exits with the status given; with "wait" it reports its process id and sleeps.
 */
public final class LauncherProbe {
    private LauncherProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0 && args[0].equals("wait")) {
            System.out.println(ProcessHandle.current().pid());
            System.out.flush();
            Thread.sleep(60_000);
            return;
        }
        System.out.println("probe: out");
        System.err.println("probe: err");
        System.err.print("progress 50%\r");
        System.err.flush();
        System.exit(Integer.parseInt(args[0]));
    }
}
