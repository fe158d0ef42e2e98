package org.reliablemessaging.idempotency.redis;

/**
 * The Lua scripts around the epoch hash: {@code id} (random, written once), {@code gen} (raised at most
 * once a second by the scripts that check it) and {@code at} (when, in Redis's clock, in milliseconds).
 * A lost epoch has an id starting with {@code lost:}: {@code lost:missing:<mark>} or {@code lost:rolled-back:<mark>}
 * when a script found the epoch gone or its generation gone back, the mark saying which instance and when.
 */
final class EpochScripts {

    /**
     * Checks the epoch under KEYS[2] against ARGV[1] (the id) and ARGV[2] (the highest generation seen),
     * marking the key lost, with why and ARGV[3], when it is gone or went back, and raises the generation when
     * ARGV[4] milliseconds passed since the last raise. Leaves {@code gen} for the script it begins.
     */
    static final String CHECK = """
            local epoch = redis.call('HMGET', KEYS[2], 'id', 'gen', 'at')
            local gen = tonumber(epoch[2]) or -1
            if epoch[1] ~= ARGV[1] or gen < tonumber(ARGV[2]) then
                if not epoch[1] or epoch[1] == ARGV[1] then
                    local why = epoch[1] and 'rolled-back:' or 'missing:'
                    redis.call('HSET', KEYS[2], 'id', 'lost:' .. why .. ARGV[3])
                end
                return {0, epoch[1], gen}
            end
            local now = redis.call('TIME')
            local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
            if ms - (tonumber(epoch[3]) or 0) >= tonumber(ARGV[4]) then
                gen = redis.call('HINCRBY', KEYS[2], 'gen', 1)
                redis.call('HSET', KEYS[2], 'at', string.format('%.0f', ms))
            end
            """;

    static final String VERIFY = CHECK + "return {1, gen}\n";

    /** Reads the epoch, writing ARGV[1] if there is none, or else, without one, marking it lost with ARGV[2]. */
    static final String INIT = """
            local id = redis.call('HGET', KEYS[1], 'id')
            if not id then
                if ARGV[1] == '' then
                    redis.call('HSET', KEYS[1], 'id', ARGV[2])
                    return {false, -1}
                end
                redis.call('HSET', KEYS[1], 'id', ARGV[1], 'gen', 0, 'at', 0)
                id = ARGV[1]
            end
            return {id, tonumber(redis.call('HGET', KEYS[1], 'gen')) or -1}
            """;

    /** Replaces a missing or lost epoch with ARGV[1], keeps a real one (re-armed elsewhere), returns it. */
    static final String ACCEPT = """
            local id = redis.call('HGET', KEYS[1], 'id')
            if not id or string.sub(id, 1, 5) == 'lost:' then
                redis.call('HSET', KEYS[1], 'id', ARGV[1])
                redis.call('HSETNX', KEYS[1], 'gen', 0)
                id = ARGV[1]
            end
            return {id, tonumber(redis.call('HGET', KEYS[1], 'gen')) or -1}
            """;

    static final String PEEK = """
            return {redis.call('HGET', KEYS[1], 'id'), tonumber(redis.call('HGET', KEYS[1], 'gen')) or -1}
            """;

    private EpochScripts() {
    }
}
