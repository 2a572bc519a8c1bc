-- The PG/C++ error boundary (src/pg/guard.h), driven through tessera.test_error_boundary(mode):
-- errors cross it in both directions as clean ERRORs, every C++ destructor runs on the way
-- (tessera.test_live_objects() counts the tracked objects still alive), and the backend survives.

-- A value computed through a guarded PostgreSQL call, five C++ frames deep.
SELECT tessera.test_error_boundary('ok');
SELECT tessera.test_live_objects();

-- A PostgreSQL ERROR raised inside the guarded call reaches psql unchanged.
SELECT tessera.test_error_boundary('pg_error');
SELECT tessera.test_live_objects();

-- A Tessera C++ error becomes an ERROR with its SQLSTATE, DETAIL and HINT.
SELECT tessera.test_error_boundary('cpp_error');
SELECT tessera.test_live_objects();

-- Any other C++ exception becomes an internal error.
SELECT tessera.test_error_boundary('std_error');
SELECT tessera.test_live_objects();

SELECT tessera.test_error_boundary('no_such_mode');
SELECT tessera.test_live_objects();

-- The SQLSTATE of each path.
DO $$
DECLARE
    mode text;
    state text;
BEGIN
    FOREACH mode IN ARRAY ARRAY['pg_error', 'cpp_error', 'std_error', 'no_such_mode'] LOOP
        BEGIN
            PERFORM tessera.test_error_boundary(mode);
        EXCEPTION WHEN others THEN
            GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE;
            RAISE NOTICE '%: %', mode, state;
        END;
    END LOOP;
END $$;

-- Many errors in a row, caught in subtransactions: nothing accumulates.
DO $$
BEGIN
    FOR i IN 1..300 LOOP
        BEGIN
            PERFORM tessera.test_error_boundary(
                (ARRAY['pg_error', 'cpp_error', 'std_error'])[i % 3 + 1]);
        EXCEPTION WHEN others THEN
            NULL;
        END;
    END LOOP;
END $$;
SELECT tessera.test_live_objects();

-- Inside a transaction: the error aborts it like any other, and a savepoint recovers.
BEGIN;
SAVEPOINT before_error;
SELECT tessera.test_error_boundary('cpp_error');
ROLLBACK TO SAVEPOINT before_error;
SELECT tessera.test_error_boundary('ok');
COMMIT;

-- The backend is alive and well.
SELECT 1 AS still_here;
SELECT tessera.test_live_objects();
