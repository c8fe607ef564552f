package io.peerage.journal;

import static io.peerage.journal.DatabaseOutageTest.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** With the real MariaDB: a change the database refuses fails its own set, and the rest of its batch is written. */
@QuarkusTest
class FailingChangeTest {

    private static final String TABLE = "journal_test_row";

    @Inject
    Journal journal;

    @Inject
    AgroalDataSource dataSource;

    private final List<String> undone = new CopyOnWriteArrayList<>();

    @Test
    void a_refused_change_fails_only_its_set_and_the_later_ones_touching_the_same_node() throws Exception {
        sql("create table if not exists " + TABLE + " (id varchar(64) primary key)");
        String run = UUID.randomUUID().toString().substring(0, 8);
        String taken = run + "-taken";
        journal.write(insert(taken));

        // The writer is held inside a transaction, so that the next sets go into one batch.
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch released = new CountDownLatch(1);
        ChangeSet gate = journal.begin();
        gate.write(batch -> {
            entered.countDown();
            try {
                released.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        gate.submit();
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        ChangeSet before = set("before", "node-a", insert(run + "-before"));
        ChangeSet duplicate = set("duplicate", "node-b", insert(taken));
        ChangeSet sameNode = set("same-node", "node-b", insert(run + "-same-node"));
        ChangeSet after = set("after", "node-c", insert(run + "-after"));
        released.countDown();

        gate.await();
        before.await();
        after.await();
        assertThatThrownBy(duplicate::await)
                .isInstanceOf(JournalUnavailableException.class)
                .hasMessageStartingWith("the change was undone: it could not be written: ")
                .hasMessageContaining("Duplicate entry '" + taken + "'");
        assertThatThrownBy(sameNode::await)
                .isInstanceOf(JournalUnavailableException.class)
                .hasMessageStartingWith(
                        "the change was undone: an earlier change to the same node or allocation failed");
        assertThat(undone).containsExactly("same-node", "duplicate");
        assertThat(rows(run)).containsExactlyInAnyOrder(taken, run + "-before", run + "-after");
        eventually(() -> journal.backlog() == 0);
        assertThat(journal.errors()).isZero();
    }

    private ChangeSet set(String name, String node, Change change) {
        ChangeSet set = journal.begin();
        set.touchNode(node).undo(() -> undone.add(name)).write(change);
        set.submit();
        return set;
    }

    private static Change insert(String id) {
        return batch -> batch.entityManager()
                .createNativeQuery("insert into " + TABLE + " (id) values (?1)")
                .setParameter(1, id)
                .executeUpdate();
    }

    private void sql(String statement) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement s = connection.createStatement()) {
            s.execute(statement);
        }
    }

    private List<String> rows(String run) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                Statement s = connection.createStatement();
                ResultSet rows = s.executeQuery("select id from " + TABLE + " where id like '" + run + "-%'")) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }
}
