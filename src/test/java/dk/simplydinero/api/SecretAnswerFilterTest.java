package dk.simplydinero.api;

import dk.simplydinero.logging.SecretMasking;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answer mask rewrites text answers only: a receipt's PDF (bytes that are no UTF-8) passes as it was, even when
 * a configured secret's bytes happen to stand in it; a JSON answer naming the secret is masked.
 */
class SecretAnswerFilterTest {

    private static final String SECRET = "Pdf-Secret-7c41e9";

    @Test
    void aPdfPassesByteForByteAndJsonIsMasked() throws Exception {
        SecretMasking.register(SECRET);
        ByteArrayOutputStream pdf = new ByteArrayOutputStream();
        pdf.write("%PDF-1.4\n%".getBytes(StandardCharsets.US_ASCII));
        pdf.write(new byte[] {(byte) 0xE2, (byte) 0xE3, (byte) 0xCF, (byte) 0xD3, '\n'}); // binary marker: no UTF-8
        pdf.write(("(" + SECRET + ")\n%%EOF\n").getBytes(StandardCharsets.US_ASCII));
        byte[] sent = pdf.toByteArray();

        assertThat(answered("application/pdf", sent)).as("the PDF as the endpoint wrote it").isEqualTo(sent);
        assertThat(new String(answered("application/json", ("{\"error\":\"key " + SECRET + " refused\"}")
                .getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8)).isEqualTo("{\"error\":\"key **** refused\"}");
    }

    private static byte[] answered(String contentType, byte[] body) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        new SecretAnswerFilter().doFilter(new MockHttpServletRequest("GET", "/api/invoices/7x1/pdf"), response,
                (req, res) -> {
                    res.setContentType(contentType);
                    res.getOutputStream().write(body);
                });
        return response.getContentAsByteArray();
    }
}
