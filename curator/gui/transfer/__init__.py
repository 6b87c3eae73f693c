"""Getting entries in and out: import with its report, and export."""
