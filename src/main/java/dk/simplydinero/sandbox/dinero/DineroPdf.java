package dk.simplydinero.sandbox.dinero;

import dk.simplydinero.sandbox.SimResponse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

import static dk.simplydinero.sandbox.dinero.DineroSimulator.CREDIT_NOTES;

/**
 * The PDF of a booked invoice ({@code GET …/invoices/{guid}} with {@code Accept: application/octet-stream}; documented:
 * "PDF's can only be generated from booked invoices") and, inferred by analogy, of a booked credit note, whose page
 * documents JSON only. A tiny valid one-page PDF naming the voucher ("Faktura 1042", "Kreditnota 1043") and its guid:
 * the same bytes on every request, so a test can compare them. Inferred: a draft answers Dinero's validation error
 * (400, code 42) naming {@code Guid} (the real answer is undocumented), and the content type is
 * {@code application/octet-stream}, as asked.
 */
final class DineroPdf {

    private DineroPdf() {
    }

    /** The answer to a PDF request for a record of {@code type}. */
    static SimResponse answer(String type, DineroStore.Rec rec) {
        return new SimResponse(200, "application/octet-stream", of(type, rec), new LinkedHashMap<>());
    }

    static byte[] of(String type, DineroStore.Rec rec) {
        if (!rec.booked) {
            throw DineroAnswers.validation("Guid", "PDF's can only be generated from booked "
                    + (CREDIT_NOTES.equals(type) ? "credit notes." : "invoices."));
        }
        String title = (CREDIT_NOTES.equals(type) ? "Kreditnota " : "Faktura ") + rec.number;
        return pdf(title, rec.guid);
    }

    /** A one-page PDF 1.4 with two lines of Helvetica, its cross-reference table at the right byte offsets. */
    private static byte[] pdf(String title, String guid) {
        String text = "BT /F1 18 Tf 72 770 Td (" + title + ") Tj 0 -24 Td /F1 10 Tf (" + guid + ") Tj ET\n";
        List<String> objects = List.of(
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
                        + " /Resources << /Font << /F1 5 0 R >> >> >>",
                "<< /Length " + text.length() + " >>\nstream\n" + text + "endstream",
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Integer> offsets = new ArrayList<>();
        write(out, "%PDF-1.4\n");
        for (int i = 0; i < objects.size(); i++) {
            offsets.add(out.size());
            write(out, (i + 1) + " 0 obj\n" + objects.get(i) + "\nendobj\n");
        }
        int xref = out.size();
        StringBuilder table = new StringBuilder("xref\n0 " + (objects.size() + 1) + "\n0000000000 65535 f \n");
        for (int offset : offsets) {
            table.append(String.format("%010d 00000 n \n", offset));
        }
        table.append("trailer\n<< /Size ").append(objects.size() + 1).append(" /Root 1 0 R >>\nstartxref\n")
                .append(xref).append("\n%%EOF\n");
        write(out, table.toString());
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String ascii) {
        out.writeBytes(ascii.getBytes(StandardCharsets.US_ASCII));
    }
}
