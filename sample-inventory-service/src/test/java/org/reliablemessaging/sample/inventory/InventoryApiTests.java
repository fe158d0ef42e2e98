package org.reliablemessaging.sample.inventory;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.reliablemessaging.sample.inventory.web.StockView;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/** The REST API: its answers, its problem bodies, and who may write to the Actuator. */
class InventoryApiTests extends InventoryServiceTests {

    @Test
    void stockIsSetPerSkuAndListedBySku() {
        setStock("sku-b", 5);
        setStock("sku-a", 7);
        setStock("sku-b", 3);

        assertThat(stock("sku-b")).isEqualTo(new StockView("sku-b", 3, 0));
        http.get().uri("/inventory").exchange()
            .expectStatus().isOk()
            .expectBody()
            .jsonPath("$[?(@.sku == 'sku-a')].available").isEqualTo(List.of(7))
            .jsonPath("$[*].sku").value(List.class, skus -> assertThat(skus).isSorted());
    }

    @Test
    void anUnknownSkuIsA404Problem() {
        http.get().uri("/inventory/nothing-like-it").exchange()
            .expectStatus().isNotFound()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.title").isEqualTo("SKU not found")
            .jsonPath("$.detail").isEqualTo("No stock is kept for SKU nothing-like-it");
    }

    @Test
    void negativeMissingOrMalformedStockIsA400Problem() {
        http.put().uri("/inventory/sku-x").contentType(MediaType.APPLICATION_JSON).body(Map.of("available", -1))
            .exchange()
            .expectStatus().isBadRequest()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.detail").isEqualTo("Invalid request content: available must not be negative");
        http.put().uri("/inventory/sku-x").contentType(MediaType.APPLICATION_JSON).body(Map.of()).exchange()
            .expectStatus().isBadRequest()
            .expectBody().jsonPath("$.detail").isEqualTo("Invalid request content: available is required");
        http.put().uri("/inventory/sku-x").contentType(MediaType.APPLICATION_JSON).body("{\"available\": \"many\"}")
            .exchange()
            .expectStatus().isBadRequest()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        http.get().uri("/inventory/sku-x").exchange().expectStatus().isNotFound();
    }

    @Test
    void actuatorWritesNeedTheAdministrator() {
        http.get().uri("/actuator/deadletters").exchange().expectStatus().isOk();
        http.delete().uri("/actuator/deadletters?group=inventory-service").exchange().expectStatus().isUnauthorized();
        http.delete().uri("/actuator/deadletters?group=inventory-service")
            .headers(headers -> headers.setBasicAuth("admin", "test-secret")).exchange()
            .expectStatus().isOk()
            .expectBody().jsonPath("$.skipped").isEqualTo(0);
    }
}
