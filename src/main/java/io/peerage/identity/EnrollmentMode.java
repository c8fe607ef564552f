package io.peerage.identity;

/** Who may join as a client: {@code peerage.nodes.enrollment}. */
public enum EnrollmentMode {
    /** Anyone may join as a client, and what it declares about itself is believed: for closed networks. */
    OPEN,
    /** A client joins with an enrollment token from the content provider, whose claims set what it cannot say. */
    TOKEN
}
