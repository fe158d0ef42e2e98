package com.example.consumer;

import org.springframework.data.jpa.repository.JpaRepository;

/** An ordinary Spring Data repository. */
public interface PurchaseOrderRepository extends JpaRepository<PurchaseOrder, Long> {
}
