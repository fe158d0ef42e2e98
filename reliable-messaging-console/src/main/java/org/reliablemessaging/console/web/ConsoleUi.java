package org.reliablemessaging.console.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.util.DigestUtils;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.ResourceResolver;
import org.springframework.web.servlet.resource.ResourceResolverChain;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Serves the web console's files from the jar at {@code <path>/}, around (never over) the API at
 * {@code <path>/api/}, with a Content-Security-Policy that allows only the console's own origin.
 */
public final class ConsoleUi implements WebMvcConfigurer {

    /** Where the console's files are in the jar. */
    public static final String LOCATION = "classpath:/reliable-messaging-console/ui/";

    /** Only the console's own files and API; no inline script or style, no frames, no other origin. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; "
            + "form-action 'self'; frame-ancestors 'none'";

    private final String path;

    public ConsoleUi(String path) {
        this.path = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        // Relative links (assets/…, api/…) need the trailing slash.
        registry.addRedirectViewController(path, path + "/");
        registry.addViewController(path + "/").setViewName("forward:" + path + "/index.html");
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        // Revalidated on every load, answered 304 while unchanged: a console upgrade never mixes old and new files.
        // The ETag is the content's hash because jar entry times may all be the build's fixed timestamp.
        registry.addResourceHandler(path + "/**")
            .addResourceLocations(LOCATION)
            .setCacheControl(CacheControl.noCache())
            .setUseLastModified(false)
            .setEtagGenerator(new ContentHashes()::of)
            .resourceChain(true)
            .addResolver(new NotTheApi());
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new SecurityHeaders())
            .addPathPatterns(path, path + "/**")
            .excludePathPatterns(path + "/api/**");
    }

    /** Leaves {@code api/…} to the API's controllers, so an unknown API path is never looked up as a file. */
    private static final class NotTheApi implements ResourceResolver {

        @Override
        public @Nullable Resource resolveResource(@Nullable HttpServletRequest request, String requestPath,
                List<? extends Resource> locations, ResourceResolverChain chain) {
            return requestPath.startsWith("api/") ? null : chain.resolveResource(request, requestPath, locations);
        }

        @Override
        public @Nullable String resolveUrlPath(String resourcePath, List<? extends Resource> locations,
                ResourceResolverChain chain) {
            return resourcePath.startsWith("api/") ? null : chain.resolveUrlPath(resourcePath, locations);
        }
    }

    private static final class SecurityHeaders implements HandlerInterceptor {

        @Override
        public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
            response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("Referrer-Policy", "no-referrer");
            return true;
        }
    }

    /** Hashes of the console's files; they cannot change while the application runs. */
    private static final class ContentHashes {

        private final Map<String, String> hashes = new ConcurrentHashMap<>();

        String of(Resource resource) {
            try {
                return hashes.computeIfAbsent(resource.getURL().toString(), url -> hash(resource));
            } catch (IOException ex) {
                throw new UncheckedIOException("Cannot locate the console file " + resource, ex);
            }
        }

        private static String hash(Resource resource) {
            try (InputStream in = resource.getInputStream()) {
                return DigestUtils.md5DigestAsHex(in);
            } catch (IOException ex) {
                throw new UncheckedIOException("Cannot read the console file " + resource, ex);
            }
        }
    }
}
