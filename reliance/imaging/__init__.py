"""Imaging (band 10): pixels. DICOM, PNG and JPEG files become float images (every transfer syntax, VOI LUT, MONOCHROME1), the conversion job, and the packed uint8 image store."""
