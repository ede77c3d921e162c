// Expected: CWE-643 (XPath injection), safe. The account number from the header is supplied through an XPathVariableResolver as $acct in a constant expression, never concatenated.
package com.example.ledger;

import java.util.ArrayList;
import java.util.List;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpression;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

@RestController
public class StatementController {
    private final StatementLookupService lookup;

    public StatementController(StatementLookupService lookup) {
        this.lookup = lookup;
    }

    @GetMapping("/statements/entries")
    public List<String> entries(@RequestHeader("X-Account") String account) throws XPathExpressionException {
        return lookup.entriesFor(account);
    }

    @Service
    public static class StatementLookupService {
        private static final String QUERY = "/ledger/entry[@account=$acct]/description";
        private final Document ledger;

        public StatementLookupService(Document ledger) {
            this.ledger = ledger;
        }

        List<String> entriesFor(String accountNumber) throws XPathExpressionException {
            XPath xpath = XPathFactory.newInstance().newXPath();
            xpath.setXPathVariableResolver(name -> "acct".equals(name.getLocalPart()) ? accountNumber : null);
            XPathExpression expr = xpath.compile(QUERY);
            NodeList nodes = (NodeList) expr.evaluate(ledger, XPathConstants.NODESET);
            List<String> out = new ArrayList<>(nodes.getLength());
            for (int i = 0; i < nodes.getLength(); i++) {
                out.add(nodes.item(i).getTextContent());
            }
            return out;
        }
    }
}
