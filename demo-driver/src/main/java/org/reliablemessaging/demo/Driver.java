package org.reliablemessaging.demo;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The entry point of {@code bin/demo} and {@code bin/chaos}, which run it through bin/lib/driver.sh.
 *
 * <pre>java -cp CLASSPATH org.reliablemessaging.demo.Driver --order-jar J --inventory-jar J --data-dir D
 *      [--short] [--orders N] [--customers N] [--order-port P] [--inventory-port P] [--broker-port P]
 *      [--faults F,F --transport T ...]
 * java -cp CLASSPATH org.reliablemessaging.demo.Driver --table REPORT</pre>
 *
 * Runs the demo, or with {@code --faults} the fault-injection harness. Exits 0 when the books balance, 1
 * when they do not, 2 when it could not run. With {@code --table} it prints the table of docs/RELIABILITY.md
 * that sums a fault-injection report.
 */
public final class Driver {

    private Driver() {
    }

    public static void main(String[] args) {
        int status;
        try {
            if (args.length == 2 && args[0].equals("--table")) {
                System.out.print(ChaosReport.table(Files.readAllLines(Path.of(args[1]))));
                System.exit(0);
            }
            Options options = Options.parse(args);
            status = (options.chaos() ? new Chaos(options).run() : new Demo(options).run()) ? 0 : 1;
        }
        catch (DemoFailed ex) {
            System.out.println();
            System.out.println("✗ " + ex.getMessage());
            status = 2;
        }
        catch (Exception ex) {
            System.out.println();
            System.out.println("✗ The demo failed: " + ex);
            ex.printStackTrace(System.out);
            status = 2;
        }
        System.exit(status);
    }
}
