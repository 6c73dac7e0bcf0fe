"""hocvuso: the platform of the Bình dân học vụ số movement for a province."""
