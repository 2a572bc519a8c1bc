-- Session settings that change what a worker computes: xmlbinary (xmlelement of a bytea) and
-- xmloption (xml_is_well_formed, text::xml); the node's start time.
SET xmlbinary = 'hex';
SELECT xmlelement(name b, convert_to(name, 'UTF8'))::text FROM customers WHERE customer_id = 2;
SELECT customer_id, xmlelement(name b, convert_to(name, 'UTF8'))::text FROM customers WHERE customer_id < 5;
SELECT count(*) FROM customers WHERE xmlelement(name b, convert_to(name, 'UTF8'))::text LIKE '%626F62%';
RESET xmlbinary;
SET xmloption = document;
SELECT count(*) FROM orders WHERE customer_id = 2 AND xml_is_well_formed('<a/><b/>');
SELECT count(*) FROM orders WHERE xml_is_well_formed('<a/><b/>');
RESET xmloption;
SELECT count(*) FROM orders WHERE customer_id = 2 AND pg_postmaster_start_time() < now() + interval '1 day';
