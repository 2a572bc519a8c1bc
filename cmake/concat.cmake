# Joins the extension script parts (PARTS, files separated by |) into one file (OUT).
string(REPLACE "|" ";" PARTS "${PARTS}")
file(WRITE ${OUT} "-- generated from sql/*.sql; do not edit\n\\echo Use \"CREATE EXTENSION tessera\" to load this file. \\quit\n")
foreach(part ${PARTS})
    file(READ ${part} content)
    get_filename_component(name ${part} NAME)
    file(APPEND ${OUT} "\n-- ${name}\n${content}")
endforeach()
