package org.reliablemessaging.broker.protocol;

/**
 * A group member the server created for a connection.
 *
 * @param member the handle that names it in later requests on the same connection
 * @param memberId the member's id within its group
 */
public record JoinedGroup(long member, String memberId) {

    static final WireCodec<JoinedGroup> CODEC = WireCodec.of((out, r) -> out.writeLong(r.member).writeString(r.memberId),
            in -> new JoinedGroup(in.readLong(), in.readRequiredString("member id")));
}
