package org.reliablemessaging.demo;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import org.jspecify.annotations.Nullable;

/** JSON over HTTP with the JDK's client; any failure is a {@link DemoFailed}. */
final class Http {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    <T> T get(String url, Class<T> type) {
        T body = getOrNull(url, type);
        if (body == null) {
            throw new DemoFailed("GET " + url + " answered 404");
        }
        return body;
    }

    /** The body, or null for a 404. */
    <T> @Nullable T getOrNull(String url, Class<T> type) {
        HttpResponse<String> response = exchange("GET", url, null);
        return response.statusCode() == 404 ? null : read("GET", url, response, type);
    }

    /** Sends {@code body} as JSON; the answer must be a success. */
    void send(String method, String url, Object body) {
        expectSuccess(method, url, exchange(method, url, body));
    }

    /** Sends {@code body} as JSON: the answer's body, or null for a 5xx answer. */
    <T> @Nullable T sendUnlessServerError(String method, String url, Object body, Class<T> type) {
        HttpResponse<String> response = exchange(method, url, body);
        return response.statusCode() >= 500 ? null : read(method, url, response, type);
    }

    /** A request without a body, with HTTP basic authentication, as the services' Actuator writes want. */
    <T> T sendAs(String user, String password, String method, String url, Class<T> type) {
        String credentials = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return read(method, url, exchange(method, url, null, "Basic " + credentials), type);
    }

    int status(String method, String url) {
        return exchange(method, url, null).statusCode();
    }

    private HttpResponse<String> exchange(String method, String url, @Nullable Object body) {
        return exchange(method, url, body, null);
    }

    private HttpResponse<String> exchange(String method, String url, @Nullable Object body,
            @Nullable String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
            .header("Accept", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        else {
            request.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(Json.write(body)));
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (ConnectException ex) {
            throw new Unanswered(method + " " + url + ": nothing answers", false);
        }
        catch (IOException ex) {
            // The connection broke or timed out after the request went out: it may have been carried out.
            throw new Unanswered(method + " " + url + ": " + ex, true);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new DemoFailed("interrupted");
        }
    }

    private static <T> T read(String method, String url, HttpResponse<String> response, Class<T> type) {
        return Json.read(expectSuccess(method, url, response).body(), type, "the answer to " + method + " " + url);
    }

    private static HttpResponse<String> expectSuccess(String method, String url, HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            throw new DemoFailed(method + " " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response;
    }
}
