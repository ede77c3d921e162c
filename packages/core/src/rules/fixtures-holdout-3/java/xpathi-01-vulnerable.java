// Expected: CWE-643 (XPath injection), vulnerable. The operator login and PIN from the JSON body are spliced into the XPath predicate, so "' or '1'='1" bypasses the credential check.
package com.example.kiosk;

import java.io.InputStream;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.w3c.dom.Document;

@RestController
public class KioskAuthController {

    public record KioskLogin(String operator, String pin) {}

    private final OperatorDirectory directory;

    public KioskAuthController(OperatorDirectory directory) {
        this.directory = directory;
    }

    @PostMapping("/kiosk/login")
    public ResponseEntity<String> login(@RequestBody KioskLogin body) throws XPathExpressionException {
        return directory.authenticate(body.operator(), body.pin())
                .map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.status(401).build());
    }

    @Component
    public static class OperatorDirectory {
        private final Document operators;

        public OperatorDirectory() throws Exception {
            DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
            dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            try (InputStream in = getClass().getResourceAsStream("/operators.xml")) {
                this.operators = dbf.newDocumentBuilder().parse(in);
            }
        }

        Optional<String> authenticate(String operator, String pin) throws XPathExpressionException {
            XPath xpath = XPathFactory.newInstance().newXPath();
            String expr = "/operators/operator[@login='" + operator + "' and pin/text()='" + pin + "']/@displayName";
            String name = xpath.evaluate(expr, operators);
            return name.isEmpty() ? Optional.empty() : Optional.of(name);
        }
    }
}
