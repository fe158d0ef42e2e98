package org.reliablemessaging.testservices;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.reliablemessaging.testservices.PrivateInstance.Kind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * bin/lib/instance runs servers of its own that can be killed and restarted on the same port, and leaves the
 * machine's own servers alone.
 */
class PrivateInstanceTests {

    private static final Path DIR = Path.of("target", TestNames.unique("private-instances"));

    @Test
    void aPrivateRedisIsKilledAndRestartedOnItsPortWhileTheMachinesKeepsAnswering() throws IOException {
        RedisEndpoint machine = TestBrokers.redis();
        PrivateInstance redis = PrivateInstance.start(Kind.REDIS, DIR.resolve("redis"));
        try {
            assertThat(redis.port()).isNotEqualTo(machine.port());
            assertThat(ping(redis.port())).isTrue();

            redis.kill();
            assertThat(ping(redis.port())).isFalse();
            assertThat(ping(machine.port())).as("the machine's Redis").isTrue();

            int port = redis.port();
            redis.start();
            assertThat(redis.port()).isEqualTo(port);
            assertThat(ping(redis.port())).isTrue();
        }
        finally {
            redis.stop();
        }
        assertThat(ping(redis.port())).isFalse();
        assertThat(ping(machine.port())).as("the machine's Redis").isTrue();
    }

    @Test
    void aPrivatePostgresKeepsItsDataAcrossAStopAndAKill() throws SQLException {
        PrivateInstance postgres = PrivateInstance.start(Kind.POSTGRES, DIR.resolve("postgres"));
        try {
            postgres.psql("CREATE TABLE kept (id INT); INSERT INTO kept VALUES (42)");
            postgres.stop();
            assertThatThrownBy(() -> connect(postgres).close()).isInstanceOf(SQLException.class);
            postgres.start();
            postgres.kill();
            postgres.start();
            try (Connection connection = connect(postgres);
                    var result = connection.createStatement().executeQuery("SELECT id FROM kept")) {
                assertThat(result.next()).isTrue();
                assertThat(result.getInt(1)).isEqualTo(42);
            }
        }
        finally {
            postgres.stop();
        }
    }

    private static Connection connect(PrivateInstance postgres) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:%d/postgres".formatted(postgres.port()),
                "postgres", "");
    }

    private static boolean ping(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LocalServer.HOST, port), 2_000);
            socket.setSoTimeout(2_000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readNBytes(5), StandardCharsets.US_ASCII).equals("+PONG");
        }
        catch (IOException ex) {
            return false;
        }
    }
}
