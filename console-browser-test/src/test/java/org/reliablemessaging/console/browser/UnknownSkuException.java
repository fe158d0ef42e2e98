package org.reliablemessaging.console.browser;

/** The inventory's refusal of an order for a SKU it does not know. */
class UnknownSkuException extends RuntimeException {

    UnknownSkuException(String sku) {
        super("No SKU " + sku + " in the catalogue");
    }
}
