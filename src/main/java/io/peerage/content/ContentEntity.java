package io.peerage.content;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "content")
public class ContentEntity extends PanacheEntityBase {

    @Id
    public String id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ContentKind kind;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Media media;

    @Column(name = "bitrate_kbps", nullable = false)
    public int bitrateKbps;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Monetization monetization;

    @Column(nullable = false)
    public String provider;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Category category;

    @Column(nullable = false)
    public String title;

    @Column(name = "age_rating", nullable = false)
    public int ageRating;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public Content toContent() {
        return new Content(id, kind, media, bitrateKbps, monetization, provider, category, title, ageRating);
    }

    /** Copies a content's fields into this row, keeping when it was created. */
    public ContentEntity fill(Content content, Instant now) {
        id = content.id();
        kind = content.kind();
        media = content.media();
        bitrateKbps = content.bitrateKbps();
        monetization = content.monetization();
        provider = content.provider();
        category = content.category();
        title = content.title();
        ageRating = content.ageRating();
        createdAt = createdAt == null ? now : createdAt;
        updatedAt = now;
        return this;
    }
}
