package org.reliablemessaging.sample.inventory.domain;

import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

/** What was decided for each order, by order id. */
public interface ReservationRepository extends JpaRepository<Reservation, UUID> {
}
