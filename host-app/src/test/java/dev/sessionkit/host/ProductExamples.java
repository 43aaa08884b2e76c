package dev.sessionkit.host;

/** The examples of PRODUCT.md that several tests use, written once. */
public final class ProductExamples {
    /** The flow of PRODUCT.md section 5, exactly. */
    public static final String SHOP_FLOW = """
            {"id": "add-item", "name": "Add item",
             "trigger": {"type": "REST", "method": "POST", "path": "/cart/items", "auth": "JWT"},
             "steps": [
               {"id": "remember", "method": "session.set-parameters",
                "input": {"scope": "GLOBAL", "parameters": [
                  {"name": "lastSku", "dataType": "STRING", "valueType": "EXPRESSION", "value": "{{ message.sku }}"}]}},
               {"id": "read", "method": "session.get-parameters",
                "input": {"scope": "GLOBAL", "parameters": [{"name": "lastSku"}]},
                "output": {"dataType": "OBJECT", "scope": "LOCAL", "name": "cart", "target": "cart"}},
               {"id": "each", "type": "for-each", "items": "{{ message.items }}", "scoped": true, "steps": []}]}""";

    /** The app "shop" of PRODUCT.md section 5 with that flow, as a user exports it (without its version). */
    public static final String SHOP_APP = "{\"id\": \"shop\", \"name\": \"Shop\", \"flows\": [" + SHOP_FLOW + "]}";

    private ProductExamples() {
    }
}
