package org.reliablemessaging.sample.inventory;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.reliablemessaging.NonRetryableException;
import org.reliablemessaging.ReliablePublisher;
import org.reliablemessaging.sample.inventory.domain.Reservation;
import org.reliablemessaging.sample.inventory.domain.ReservationNotFoundException;
import org.reliablemessaging.sample.inventory.domain.ReservationRepository;
import org.reliablemessaging.sample.inventory.domain.SkuNotFoundException;
import org.reliablemessaging.sample.inventory.domain.StockItem;
import org.reliablemessaging.sample.inventory.domain.StockItemRepository;
import org.reliablemessaging.sample.inventory.messages.OrderCancelled;
import org.reliablemessaging.sample.inventory.messages.OrderEvent;
import org.reliablemessaging.sample.inventory.messages.OrderPlaced;
import org.reliablemessaging.sample.inventory.messages.StockRejected;
import org.reliablemessaging.sample.inventory.messages.StockReserved;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The stock rules: reserve for a placed order if enough is available, else reject; release what a
 * cancelled order holds. Each change of stock and the answer to the order service commit together,
 * through the outbox, or not at all.
 */
@Service
public class StockService {

    private static final Logger log = LoggerFactory.getLogger(StockService.class);

    private final StockItemRepository items;

    private final ReservationRepository reservations;

    private final ReliablePublisher publisher;

    private final InventoryProperties properties;

    public StockService(StockItemRepository items, ReservationRepository reservations, ReliablePublisher publisher,
            InventoryProperties properties) {
        this.items = items;
        this.reservations = reservations;
        this.publisher = publisher;
        this.properties = properties;
    }

    /** Sets the free stock of a SKU, which is created if new. */
    @Transactional
    public StockItem setAvailable(String sku, int available) {
        StockItem item = items.findLocked(sku).orElseGet(() -> StockItem.create(sku));
        item.setAvailable(available);
        return items.save(item);
    }

    /** The stock of one SKU. */
    @Transactional(readOnly = true)
    public StockItem find(String sku) {
        return items.findById(sku).orElseThrow(() -> new SkuNotFoundException(sku));
    }

    /** The stock of every SKU, by SKU. */
    @Transactional(readOnly = true)
    public List<StockItem> findAll() {
        return items.findAll(Sort.by("sku"));
    }

    /** What was decided for an order. */
    @Transactional(readOnly = true)
    public Reservation reservation(UUID orderId) {
        return reservations.findById(orderId).orElseThrow(() -> new ReservationNotFoundException(orderId));
    }

    /** Applies what the order service said about an order. */
    @Transactional
    public void apply(OrderEvent event) {
        switch (event) {
            case OrderPlaced placed -> reserve(placed);
            case OrderCancelled cancelled -> release(cancelled);
        }
    }

    private void reserve(OrderPlaced order) {
        // A redelivered message is skipped by the idempotency guard; this is the same order published twice.
        if (reservations.existsById(order.orderId())) {
            log.info("Order {} was decided before: placed again, it changes nothing", order.orderId());
            return;
        }
        if (order.quantity() <= 0) {
            // No retry can make sense of it: dead-lettered at once, for someone to look at.
            throw new NonRetryableException("Order " + order.orderId() + " asks for " + order.quantity() + " of "
                    + order.sku() + ": quantities are positive");
        }
        Optional<StockItem> item = items.findLocked(order.sku());
        if (item.isEmpty() && properties.unknownSku() == InventoryProperties.UnknownSku.DEAD_LETTER) {
            throw new NonRetryableException("Order " + order.orderId() + " asks for " + order.sku() + ", which this "
                    + "inventory does not stock: refused for good (inventory.unknown-sku=dead-letter)");
        }
        if (item.isEmpty()) {
            reject(order, "unknown SKU " + order.sku());
        }
        else if (!item.get().reserve(order.quantity())) {
            reject(order, "only %d of %s available, %d ordered".formatted(item.get().available(), order.sku(),
                    order.quantity()));
        }
        else {
            reservations.save(Reservation.reserved(order.orderId(), order.sku(), order.quantity()));
            publisher.publish(properties.stockTopic(), order.sku(),
                    new StockReserved(order.orderId(), order.sku(), order.quantity()));
        }
    }

    private void reject(OrderPlaced order, String reason) {
        reservations.save(Reservation.rejected(order.orderId(), order.sku(), order.quantity(), reason));
        publisher.publish(properties.stockTopic(), order.sku(),
                new StockRejected(order.orderId(), order.sku(), order.quantity(), reason));
    }

    private void release(OrderCancelled order) {
        reservations.findById(order.orderId())
            .filter(Reservation::release)
            .ifPresentOrElse(
                    reservation -> items.findLocked(reservation.sku()).orElseThrow().release(reservation.quantity()),
                    () -> log.info("Order {} holds no stock: its cancel changes nothing", order.orderId()));
    }
}
