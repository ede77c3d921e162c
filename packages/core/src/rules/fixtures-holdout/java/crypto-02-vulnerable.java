// Expected: CWE-327 (broken or risky cryptographic algorithm), vulnerable. The download-link ticket is encrypted with the RC4 stream cipher under a fixed key, with no integrity check.
package com.example.downloads;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class DownloadLinkController {
    private static final String ALGORITHM = "RC4";
    private final SecretKeySpec linkKey;

    public DownloadLinkController() {
        this.linkKey = new SecretKeySpec("dl-link-secret-2019".getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    @GetMapping("/files/link")
    public String link(@RequestParam long fileId) throws GeneralSecurityException {
        long expiresAt = System.currentTimeMillis() + 15 * 60 * 1000L;
        byte[] plain = ByteBuffer.allocate(16).putLong(fileId).putLong(expiresAt).array();
        Cipher rc4 = Cipher.getInstance(ALGORITHM);
        rc4.init(Cipher.ENCRYPT_MODE, linkKey);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(rc4.doFinal(plain));
        return "/files/download?ticket=" + ticket;
    }
}
