/**
 * The file broker's wire protocol: length-prefixed binary frames over TCP, pipelined with correlation ids.
 *
 * <h2>Frames</h2>
 * Every integer is big-endian (network order). A frame is an {@code int32} body length {@code N} (not counting
 * itself), then {@code N} bytes of body. Each side bounds {@code N} (server: {@code maxFrameBytes} for
 * requests); a frame with a negative or too large length, a body that ends inside a field, leftover bytes,
 * an unknown type or code, or a field the API rejects is malformed, and the receiver closes the connection.
 *
 * <pre>
 * request body:  int8 type | int32 correlationId | payload (by type)
 * response body: int32 correlationId | int8 status | payload
 *                status 0: success, payload by the request's type
 *                status &gt; 0: an {@link org.reliablemessaging.broker.protocol.ErrorCode}, payload = string message
 * </pre>
 *
 * <h2>Field encodings</h2>
 * <pre>
 * string     int32 length (-1 = null) | UTF-8 bytes
 * bytes      int32 length (-1 = null) | bytes
 * list&lt;T&gt;    int32 count | T...
 * map&lt;K,V&gt;   int32 count | (K V)...            (iteration order kept: headers are ordered)
 * optional   int8 0 (absent) or 1 | T
 * instant    int64 epochSecond | int32 nanos
 * partition  string topic | int32 partition
 * newRecord  string key | map&lt;string,string&gt; headers | bytes value | instant timestamp
 * stored     partition | int64 offset | string key | headers | bytes value | instant timestamp
 * error      int8 code | string message
 * </pre>
 * Only a record's key and the handshake's token may be null; a null in any other string or bytes field makes
 * the frame malformed.
 *
 * <h2>Requests (type: payload → success payload)</h2>
 * <pre>
 *  1 HANDSHAKE        int32 version | string token        → int32 version | int64 sessionTimeoutMillis |
 *                                                            int32 maxFrameBytes
 *  2 CREATE_TOPIC     string topic | int32 partitions     → string name | int32 partitions
 *  3 DESCRIBE_TOPIC   string topic                        → optional(string name | int32 partitions)
 *  4 PUBLISH          string topic | list&lt;newRecord&gt;     → list&lt;int8 0 | partition | int64 offset
 *                                                                or int8 1 | error&gt;, one per record, in order
 *  5 READ             partition | int64 offset | int32 max → list&lt;stored&gt;
 *  6 OFFSETS          partition                           → int64 start | int64 end
 *  7 COMMITTED_OFFSET string group | partition            → int64 offset
 *  8 JOIN_GROUP       string group | list&lt;string&gt; topics → int64 memberHandle | string memberId
 *  9 POLL             int64 member | int32 max | int64 maxWaitMillis → list&lt;partition&gt; assigned |
 *                                                            list&lt;partition&gt; revoked | list&lt;stored&gt;
 * 10 COMMIT           int64 member | map&lt;partition,int64&gt;  → nothing
 * 11 RELEASE          int64 member | list&lt;partition&gt;     → nothing
 * 12 LEAVE_GROUP      int64 member                        → nothing
 * 13 HEARTBEAT        int64 member                        → nothing
 * </pre>
 *
 * <h2>Connections</h2>
 * The first frame must be a HANDSHAKE; a wrong version ({@code UNSUPPORTED_VERSION}) or a wrong or missing
 * token when the server has one ({@code AUTHENTICATION_FAILED}) is answered with an error and the connection is
 * closed, as is a connection over the server's limit ({@code BROKER_UNAVAILABLE}, correlation id 0). After
 * it, a client may send any number of requests without waiting; responses come back in any order. Publishes
 * and commits of one connection reach the broker in the order they were sent. A member handle is only valid
 * on the connection that joined; when the connection ends its members leave their groups.
 */
@NullMarked
package org.reliablemessaging.broker.protocol;

import org.jspecify.annotations.NullMarked;
