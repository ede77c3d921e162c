// Expected: CWE-643 (XPath injection), safe. The expression is a constant referencing $sku and $region variables, and the request values are supplied through an XPathVariableResolver lambda, never spliced into the query text.
package com.example.catalog;

import java.util.Map;
import javax.xml.namespace.QName;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathExpression;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.w3c.dom.Document;

@RestController
public class XmlPriceLookupController {
    private static final String PRICE_QUERY =
            "/catalog/product[@sku=$sku]/price[@region=$region]/text()";
    private final Document catalog;

    public XmlPriceLookupController(Document catalog) {
        this.catalog = catalog;
    }

    @GetMapping("/api/xml-catalog/{sku}/price")
    public ResponseEntity<String> price(
            @PathVariable("sku") String sku,
            @RequestParam(name = "region", defaultValue = "EU") String region) throws XPathExpressionException {
        Map<String, Object> vars = Map.of("sku", sku, "region", region);
        XPath xpath = XPathFactory.newInstance().newXPath();
        xpath.setXPathVariableResolver((QName name) -> vars.get(name.getLocalPart()));
        XPathExpression expr = xpath.compile(PRICE_QUERY);
        String price = expr.evaluate(catalog);
        return price.isEmpty() ? ResponseEntity.notFound().build() : ResponseEntity.ok(price);
    }
}
