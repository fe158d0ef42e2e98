import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** JSON over HTTP with the JDK's client; any failure is a {@link DemoFailed}. */
final class Http {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Json get(String url) {
        Json body = getOrNull(url);
        if (body == null) {
            throw new DemoFailed("GET " + url + " answered 404");
        }
        return body;
    }

    /** The body, or null for a 404. */
    Json getOrNull(String url) {
        HttpResponse<String> response = exchange("GET", url, null, null);
        return response.statusCode() == 404 ? null : Json.parse(expectSuccess("GET", url, response).body());
    }

    Json send(String method, String url, String body) {
        return Json.parse(expectSuccess(method, url, exchange(method, url, body, null)).body());
    }

    /** A request with HTTP basic authentication, as the services' Actuator writes want. */
    Json sendAs(String user, String password, String method, String url) {
        String credentials = Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return Json.parse(expectSuccess(method, url, exchange(method, url, null, "Basic " + credentials)).body());
    }

    /** The body, or null for a 5xx answer. */
    Json sendUnlessServerError(String method, String url, String body) {
        HttpResponse<String> response = exchange(method, url, body, null);
        return response.statusCode() >= 500 ? null : Json.parse(expectSuccess(method, url, response).body());
    }

    int status(String method, String url) {
        return exchange(method, url, null, null).statusCode();
    }

    private HttpResponse<String> exchange(String method, String url, String body, String authorization) {
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
                .method(method, HttpRequest.BodyPublishers.ofString(body));
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

    private static HttpResponse<String> expectSuccess(String method, String url, HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            throw new DemoFailed(method + " " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response;
    }
}
