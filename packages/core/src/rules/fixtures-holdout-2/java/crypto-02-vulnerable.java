// Expected: CWE-327 (broken or risky crypto algorithm), vulnerable. Download-link tokens are encrypted with the RC4 stream cipher (chosen through a constant), which has exploitable keystream biases and no integrity protection.
package com.example.downloads;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet("/links/create")
public class DownloadLinkServlet extends HttpServlet {
    private static final String ALGORITHM = "RC4";
    private SecretKeySpec linkKey;

    @Override
    public void init() {
        String secret = getServletContext().getInitParameter("links.secret");
        linkKey = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        long fileId = Long.parseLong(req.getParameter("fileId"));
        long expires = System.currentTimeMillis() + 15 * 60 * 1000L;
        try {
            String token = seal(fileId + "|" + req.getRemoteUser() + "|" + expires);
            resp.setContentType("text/plain;charset=UTF-8");
            resp.getWriter().print("/download?t=" + token);
        } catch (GeneralSecurityException e) {
            resp.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
        }
    }

    private String seal(String payload) throws GeneralSecurityException {
        Cipher rc4 = Cipher.getInstance(ALGORITHM);
        rc4.init(Cipher.ENCRYPT_MODE, linkKey);
        byte[] out = rc4.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    }
}
