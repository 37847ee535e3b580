package dk.simplydinero.api;

import dk.simplydinero.logging.SecretMasking;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import org.springframework.web.util.WebUtils;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Defence in depth for /api/** answers: a configured secret value (see {@link SecretMasking}) that reached an answer
 * body anyway, say in a reason a remote server wrote (/api/status, a run's message, a stored failure), goes out as
 * {@code ****}. Only registered values are replaced, so records and messages are otherwise sent as they are.
 * Registered for /api/* in {@link SecurityConfiguration}; headers are already limited by {@link ApiHeaderFilter}.
 */
public class SecretAnswerFilter extends OncePerRequestFilter {

    /**
     * Camel's platform-http answers asynchronously (its handler returns a CompletableFuture): the body is complete
     * only in the ASYNC dispatch that follows, which gets the wrapper of the first dispatch back.
     */
    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ContentCachingResponseWrapper existing = WebUtils.getNativeResponse(response, ContentCachingResponseWrapper.class);
        ContentCachingResponseWrapper answer = existing != null ? existing : new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(request, answer);
        } finally {
            if (!isAsyncStarted(request)) {
                sendMasked(answer);
            }
        }
    }

    private static void sendMasked(ContentCachingResponseWrapper answer) throws IOException {
        if (!isText(answer.getContentType())) {
            answer.copyBodyToResponse(); // a receipt's PDF: bytes that text decoding would spoil, and no message in it
            return;
        }
        String text = new String(answer.getContentAsByteArray(), StandardCharsets.UTF_8);
        String masked = SecretMasking.maskValues(text);
        if (!masked.equals(text)) {
            answer.resetBuffer();
            answer.getOutputStream().write(masked.getBytes(StandardCharsets.UTF_8));
        }
        answer.copyBodyToResponse();
    }

    /** JSON, HTML, plain text and the like (or not said): what a message, and so a secret, can be written in. */
    static boolean isText(String contentType) {
        if (contentType == null) {
            return true;
        }
        String type = contentType.toLowerCase(java.util.Locale.ROOT);
        return type.startsWith("text/") || type.contains("json") || type.contains("xml") || type.contains("javascript")
                || type.contains("x-www-form-urlencoded");
    }
}
