package org.reliablemessaging.sample.order.domain;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

/** The stored orders. */
public interface OrderRepository extends JpaRepository<Order, UUID> {

    /**
     * The order, locked until the transaction ends: a customer's cancel, the inventory's reply and the
     * payment deadline may arrive at once, and each must see what the one before it decided.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select o from PurchaseOrder o where o.id = :id")
    Optional<Order> findLocked(UUID id);

    /** How many orders there are in each status that has any. */
    @Query("select new org.reliablemessaging.sample.order.domain.StatusCount(o.status, count(o)) "
            + "from PurchaseOrder o group by o.status")
    List<StatusCount> countByStatus();

    /** How many orders were cancelled for each reason (customer request, payment timeout). */
    @Query("select new org.reliablemessaging.sample.order.domain.ReasonCount(o.reason, count(o)) "
            + "from PurchaseOrder o where o.status = org.reliablemessaging.sample.order.domain.OrderStatus.CANCELLED "
            + "group by o.reason")
    List<ReasonCount> countCancelledByReason();

    /** The quantity of each SKU in confirmed orders, for the SKUs that have any. */
    @Query("select new org.reliablemessaging.sample.order.domain.SkuQuantity(o.sku, sum(o.quantity)) "
            + "from PurchaseOrder o where o.status = org.reliablemessaging.sample.order.domain.OrderStatus.CONFIRMED "
            + "group by o.sku")
    List<SkuQuantity> confirmedQuantityBySku();
}
