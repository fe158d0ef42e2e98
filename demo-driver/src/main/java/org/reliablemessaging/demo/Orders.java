package org.reliablemessaging.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * The customers, who place orders at a steady pace from several threads and cancel some.
 *
 * <p>In the demo the last 40% wait until the inventory service is back from its kill, so that some orders
 * come after it however long its restart takes.
 */
final class Orders {

    /** An order the order service took, as its customer knows it. */
    record Placed(String id, String sku, int quantity) {
    }

    private final ShopClient shop;

    private final Options options;

    private final List<String> skus;

    private final ConcurrentLinkedQueue<Placed> placed = new ConcurrentLinkedQueue<>();

    private final AtomicInteger cancelledByCustomers = new AtomicInteger();

    private final AtomicInteger refused = new AtomicInteger();

    private final ScheduledExecutorService lateCancels = Executors.newSingleThreadScheduledExecutor();

    private final CountDownLatch inventoryBack = new CountDownLatch(1);

    private final AtomicInteger uncertain = new AtomicInteger();

    private final OrderAttempts attempts = new OrderAttempts();

    Orders(ShopClient shop, Options options, List<String> skus) {
        this.shop = shop;
        this.options = options;
        this.skus = skus;
        if (options.chaos()) {
            // Under the fault plan nobody waits: faults come at any moment.
            inventoryBack.countDown();
        }
    }

    /** Starts the customers; the future completes once every order is placed and every cancel sent. */
    Future<?> placeAll() {
        AtomicInteger next = new AtomicInteger();
        long pauseMillis = options.orderingTime().toMillis() * options.customers() / options.orders();
        ExecutorService customers = Executors.newFixedThreadPool(options.customers());
        List<Future<?>> running = new ArrayList<>();
        for (int customer = 0; customer < options.customers(); customer++) {
            Random random = new Random(customer);
            String name = "customer-" + customer;
            running.add(customers.submit(() -> {
                for (int n = next.getAndIncrement(); n < options.orders(); n = next.getAndIncrement()) {
                    if (n >= heldBackFrom()) {
                        inventoryBack.await();
                    }
                    placeAndMaybeCancel(name, random);
                    Wait.pause(pauseMillis / 2 + random.nextLong(pauseMillis));
                }
                return null;
            }));
        }
        customers.shutdown();
        return Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "customers");
            thread.setDaemon(true);
            return thread;
        }).submit(() -> {
            for (Future<?> customer : running) {
                customer.get();
            }
            lateCancels.shutdown();
            lateCancels.awaitTermination(1, TimeUnit.MINUTES);
            return null;
        });
    }

    /** Waits for the customers of {@link #placeAll}; what stopped one of them is rethrown. */
    static void await(Future<?> ordering) throws InterruptedException {
        try {
            ordering.get();
        }
        catch (ExecutionException ex) {
            throw ex.getCause() instanceof DemoFailed failed ? failed : new IllegalStateException(ex.getCause());
        }
    }

    /** One order in five is cancelled: half at once, half a moment later, when it may be confirmed. */
    private void placeAndMaybeCancel(String customer, Random random) {
        String sku = skus.get(random.nextInt(skus.size()));
        int quantity = 1 + random.nextInt(5);
        Placed taken = placeOne(sku, quantity, customer);
        // Under faults, a customer whose order was refused (nothing committed) tries again a moment later.
        for (int attempt = 0; taken == null && options.chaos() && attempt < 100; attempt++) {
            Wait.pause(1000);
            taken = placeOne(sku, quantity, customer);
        }
        Placed order = taken;
        int dice = random.nextInt(10);
        if (order == null) {
            return;
        }
        if (dice == 0) {
            cancel(order);
        }
        else if (dice == 1) {
            lateCancels.schedule(() -> cancel(order), 300 + random.nextInt(1200), TimeUnit.MILLISECONDS);
        }
    }

    /** The number of orders after which the customers wait for the inventory service to be back. */
    int heldBackFrom() {
        return options.orders() * 3 / 5;
    }

    void inventoryIsBack() {
        inventoryBack.countDown();
    }

    /**
     * Places an order; null if the service refused it with a 5xx (its transaction rolled back: no order,
     * no message), which is counted.
     */
    @Nullable Placed placeOne(String sku, int quantity, String customer) {
        ShopClient.OrderView order;
        long sent = System.nanoTime();
        try {
            order = shop.place(new ShopClient.NewOrder(customer, sku, quantity));
            attempts.record(sent, order == null ? OrderAttempts.Outcome.REFUSED : OrderAttempts.Outcome.TAKEN);
        }
        catch (Unanswered ex) {
            attempts.record(sent, OrderAttempts.Outcome.UNANSWERED);
            if (!options.chaos()) {
                throw ex;
            }
            // The order service is down, or went down while answering: then the order may exist unseen.
            if (ex.maybeCarriedOut()) {
                uncertain.incrementAndGet();
            }
            order = null;
        }
        if (order == null) {
            refused.incrementAndGet();
            return null;
        }
        Placed result = new Placed(order.id(), sku, quantity);
        placed.add(result);
        return result;
    }

    /** Cancels an order; one already rejected or cancelled answers 409, and stays as it is. */
    private void cancel(Placed order) {
        try {
            if (shop.cancel(order.id()) == 200) {
                cancelledByCustomers.incrementAndGet();
            }
        }
        catch (Unanswered ex) {
            if (!options.chaos()) {
                throw ex;
            }
            // The customer gave up on cancelling; the books tell what became of the order.
        }
    }

    /** Orders whose placing was cut off mid-answer: they may exist without the customers knowing them. */
    int uncertain() {
        return uncertain.get();
    }

    String status(String id) {
        return shop.order(id).status();
    }

    @Nullable String reason(String id) {
        return shop.order(id).reason();
    }

    int placed() {
        return placed.size();
    }

    List<Placed> all() {
        return List.copyOf(placed);
    }

    int cancelledByCustomers() {
        return cancelledByCustomers.get();
    }

    int refused() {
        return refused.get();
    }

    /** Every order request sent so far and how it went. */
    OrderAttempts attempts() {
        return attempts;
    }
}
