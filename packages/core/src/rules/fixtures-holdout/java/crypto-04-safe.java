// Expected: CWE-327 (broken or risky cryptographic algorithm), safe. AES-CBC with a random IV, authenticated encrypt-then-MAC with HMAC-SHA256 and a constant-time tag check.
package com.example.export;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.IvParameterSpec;

public final class ExportFileCipher {
    private static final int IV_BYTES = 16;
    private static final int TAG_BYTES = 32;

    private final SecretKey encKey;
    private final SecretKey macKey;
    private final SecureRandom random;

    public ExportFileCipher(SecretKey encKey, SecretKey macKey, SecureRandom random) {
        this.encKey = encKey;
        this.macKey = macKey;
        this.random = random;
    }

    public byte[] seal(byte[] plaintext) throws GeneralSecurityException {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
        aes.init(Cipher.ENCRYPT_MODE, encKey, new IvParameterSpec(iv));
        byte[] body = concat(iv, aes.doFinal(plaintext));
        return concat(body, tag(body));
    }

    public byte[] open(byte[] sealed) throws GeneralSecurityException {
        if (sealed.length < IV_BYTES + TAG_BYTES) {
            throw new AEADBadTagException("truncated export file");
        }
        byte[] body = Arrays.copyOfRange(sealed, 0, sealed.length - TAG_BYTES);
        byte[] tag = Arrays.copyOfRange(sealed, sealed.length - TAG_BYTES, sealed.length);
        if (!MessageDigest.isEqual(tag, tag(body))) {
            throw new AEADBadTagException("export file was modified");
        }
        Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
        aes.init(Cipher.DECRYPT_MODE, encKey, new IvParameterSpec(Arrays.copyOfRange(body, 0, IV_BYTES)));
        return aes.doFinal(body, IV_BYTES, body.length - IV_BYTES);
    }

    private byte[] tag(byte[] body) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(macKey);
        return mac.doFinal(body);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
