// Expected: CWE-327 (broken or risky cryptographic algorithm), safe. RSA with OAEP padding and a 3072-bit key pair.
package com.example.security;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.MGF1ParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

public class KeyWrapper {
    private final KeyPair pair;

    public KeyWrapper() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(3072);
        this.pair = gen.generateKeyPair();
    }

    public byte[] wrap(byte[] dataKey) throws Exception {
        Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPWithSHA-256AndMGF1Padding");
        OAEPParameterSpec oaep = new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
        rsa.init(Cipher.ENCRYPT_MODE, pair.getPublic(), oaep);
        return rsa.doFinal(dataKey);
    }
}
