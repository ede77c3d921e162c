// Expected: CWE-327 (broken or risky cryptographic algorithm), vulnerable. AES with ECB mode stated explicitly in a Spring service.
package com.example.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

@Service
public class CardNumberMasker {
    @Value("${app.card-key}")
    private String cardKey;

    public String protect(String pan) throws Exception {
        SecretKeySpec spec = new SecretKeySpec(Base64.getDecoder().decode(cardKey), "AES");
        Cipher c = Cipher.getInstance("AES/ECB/PKCS5Padding");
        c.init(Cipher.ENCRYPT_MODE, spec);
        return Base64.getEncoder().encodeToString(c.doFinal(pan.getBytes(StandardCharsets.UTF_8)));
    }
}
