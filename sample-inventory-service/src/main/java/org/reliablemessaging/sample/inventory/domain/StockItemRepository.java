package org.reliablemessaging.sample.inventory.domain;

import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

/** The stock of every SKU. */
public interface StockItemRepository extends JpaRepository<StockItem, String> {

    /** The SKU's stock, locked until the transaction ends, so that a stock count and a reservation never cross. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select s from StockItem s where s.sku = :sku")
    Optional<StockItem> findLocked(String sku);
}
