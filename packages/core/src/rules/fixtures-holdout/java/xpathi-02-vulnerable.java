// Expected: CWE-643 (XPath injection), vulnerable. The "sanitiser" strips double quotes, but the SKU is placed inside a single-quoted XPath literal.
package com.example.pricing;

import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.w3c.dom.Document;

@RestController
public class PriceListController {
    private final Document priceList;
    private final XPath xpath = XPathFactory.newInstance().newXPath();

    public PriceListController(Document priceList) {
        this.priceList = priceList;
    }

    @GetMapping("/prices/{sku}")
    public ResponseEntity<String> price(@PathVariable String sku) throws XPathExpressionException {
        String expression = "/catalog/product[@sku='" + clean(sku) + "' and @public='true']/price";
        String price = xpath.evaluate(expression, priceList);
        return price.isEmpty() ? ResponseEntity.notFound().build() : ResponseEntity.ok(price);
    }

    private static String clean(String value) {
        return value.replace("\"", "").trim();
    }
}
